// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Composes one YAML 1.2 document into a node tree with marks, under limits that make hostile input
 * an error rather than an outage: {@value #MAX_CODE_POINTS} code points, {@value #MAX_ALIASES}
 * aliases of collections, no recursive aliases, {@value #MAX_NESTING} levels of nesting
 * (snakeyaml-engine's composer recurses, so deeper input would overflow the stack), and a budget of
 * nodes visited after alias expansion (see {@link YamlValues}). Stateless.
 */
final class YamlLoader {
  static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
  static final int MAX_ALIASES = 100;
  static final int MAX_NESTING = 64;

  private YamlLoader() {}

  /** The document's root node; an empty document is an error naming {@code what}. */
  static Node load(String text, String what) throws WorkflowException {
    if (text.length() > MAX_CODE_POINTS) {
      throw new WorkflowException(
          SourcePos.START,
          what + " is " + text.length() + " characters long; the limit is " + MAX_CODE_POINTS);
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(what)
            .setCodePointLimit(MAX_CODE_POINTS)
            .setMaxAliasesForCollections(MAX_ALIASES)
            .setAllowRecursiveKeys(false)
            .setAllowDuplicateKeys(false)
            .setUseMarks(true)
            .build();
    try {
      Parser parser = new DepthLimited(new ParserImpl(settings, new StreamReader(settings, text)));
      Optional<Node> root = new Composer(settings, parser).getSingleNode();
      return root.orElseThrow(() -> new WorkflowException(SourcePos.START, what + " is empty"));
    } catch (TooDeep e) {
      throw new WorkflowException(
          pos(e.mark), "the document nests more than " + MAX_NESTING + " levels deep");
    } catch (RecursiveAlias e) {
      throw new WorkflowException(
          pos(e.mark),
          "invalid YAML: the alias *"
              + e.anchor
              + " refers to a node that contains it (recursive aliases are not allowed)");
    } catch (MarkedYamlEngineException e) {
      String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      throw new WorkflowException(pos(e.getProblemMark()), "invalid YAML: " + problem + context);
    } catch (YamlEngineException e) {
      throw new WorkflowException(SourcePos.START, "invalid YAML: " + e.getMessage());
    }
  }

  private static SourcePos pos(Optional<Mark> mark) {
    return mark.map(m -> new SourcePos(m.getLine() + 1, m.getColumn() + 1)).orElse(SourcePos.START);
  }

  /** Thrown through the composer when the nesting limit is hit. */
  private static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Optional<Mark> mark;

    TooDeep(Optional<Mark> mark) {
      super(null, null, false, false);
      this.mark = mark;
    }
  }

  /** Thrown through the composer when an alias refers to a collection it is inside of. */
  private static final class RecursiveAlias extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Optional<Mark> mark;
    private final String anchor;

    RecursiveAlias(Optional<Mark> mark, String anchor) {
      super(null, null, false, false);
      this.mark = mark;
      this.anchor = anchor;
    }
  }

  /**
   * Counts collection starts and ends as the composer pulls events, and refuses an alias to a
   * collection that is still open (snakeyaml-engine composes such a node into a cycle, which every
   * later walk of the tree would follow until the stack overflows).
   */
  private static final class DepthLimited implements Parser {
    private final Parser delegate;
    private int depth;

    /** Anchor name → depth of the still-open collection its current definition names. */
    private final java.util.Map<String, Integer> open = new java.util.HashMap<>();

    DepthLimited(Parser delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
      return delegate.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
      return delegate.peekEvent();
    }

    @Override
    public boolean hasNext() {
      return delegate.hasNext();
    }

    @Override
    public Event next() {
      Event e = delegate.next();
      switch (e.getEventId()) {
        case MappingStart, SequenceStart -> {
          if (++depth > MAX_NESTING) {
            throw new TooDeep(e.getStartMark());
          }
          ((NodeEvent) e).getAnchor().ifPresent(a -> open.put(a.getValue(), depth));
        }
        case MappingEnd, SequenceEnd -> {
          int closing = depth--;
          open.values().removeIf(d -> d == closing);
        }
        case Scalar -> ((NodeEvent) e).getAnchor().ifPresent(a -> open.remove(a.getValue()));
        case Alias -> {
          String name = ((AliasEvent) e).getAlias().getValue();
          if (open.containsKey(name)) {
            throw new RecursiveAlias(e.getStartMark(), name);
          }
        }
        default -> {}
      }
      return e;
    }
  }
}
