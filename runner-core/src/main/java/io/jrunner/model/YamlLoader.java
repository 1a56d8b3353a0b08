// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
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

  /** Counts collection starts and ends as the composer pulls events. */
  private static final class DepthLimited implements Parser {
    private final Parser delegate;
    private int depth;

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
        }
        case MappingEnd, SequenceEnd -> depth--;
        default -> {}
      }
      return e;
    }
  }
}
