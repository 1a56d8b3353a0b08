// SPDX-License-Identifier: Apache-2.0
package io.jrunner.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The {@code profiles:} key of {@code config.yaml} (jrunner addition; forgejo-runner ignores it):
 * named overlays of the {@code runner}, {@code container} and {@code cache} sections plus a {@code
 * policy}. Overlaying works key by key on the YAML nodes, so every value keeps its own line for
 * messages; a key of the profile replaces the same key of the top-level section (lists are
 * replaced, not appended). A profile that does not set {@code runner.file} gets its own: {@code
 * <dir of runner.file>/<profile>/<name of runner.file>}, so two profiles never share a {@code
 * .runner}. Stateless.
 */
final class Profiles {
  /** The sections a profile overlays. */
  static final List<String> OVERLAID = List.of("runner", "container", "cache");

  /** The selected profile: its overlaid section nodes and its policy. */
  record Selected(Map<String, Node> sections, PolicySection policy) {}

  private Profiles() {}

  /**
   * @param doc the document root
   * @param profile the profile to apply
   * @return the overlaid sections (by name) and the profile's policy; problems go to {@code doc}'s
   *     diagnostics
   */
  static Selected select(YamlSection doc, Node profilesNode, String profile) {
    Diagnostics diagnostics = doc.diagnostics();
    Map<String, NodeTuple> all = YamlNodes.index("profiles", profilesNode, diagnostics);
    NodeTuple entry = all.get(profile);
    if (entry == null) {
      diagnostics.problem(
          profilesNode,
          "no profile "
              + profile
              + " under profiles:"
              + (all.isEmpty() ? " (the file defines none)" : " (it defines " + all.keySet() + ")")
              + "; "
              + hint(profile));
      return new Selected(Map.of(), PolicySection.open());
    }
    YamlSection section = new YamlSection("profiles." + profile, entry.getValueNode(), diagnostics);
    Map<String, Node> sections = new java.util.LinkedHashMap<>();
    for (String name : OVERLAID) {
      Node over = section.value(name);
      Node base = doc.value(name);
      Node merged = merge(base, over, "profiles." + profile + "." + name, diagnostics);
      if (name.equals("runner") && !hasKey(over, "file")) {
        merged = withKey(merged, "file", ownRunnerFile(base, profile));
      }
      sections.put(name, merged);
    }
    PolicySection policy = PolicySection.read(section.section("policy"), profile);
    section.warnUnknownKeys();
    return new Selected(sections, policy);
  }

  /** Where to get a starting point for {@code profile}. */
  static String hint(String profile) {
    return ConfigLoader.EXAMPLE_PROFILES.contains(profile)
        ? "`jrunner generate-config --profile " + profile + "` writes one"
        : "add it under profiles: (`jrunner generate-config --profile prod` shows one)";
  }

  private static Node merge(Node base, Node over, String overPath, Diagnostics diagnostics) {
    if (over == null) {
      return base;
    }
    if (!(over instanceof MappingNode overMap)) {
      diagnostics.problem(over, overPath + ": expected a mapping, got " + YamlNodes.kind(over));
      return base;
    }
    if (!(base instanceof MappingNode baseMap)) {
      return over; // a base that is no mapping is reported when the base is read alone
    }
    List<NodeTuple> tuples = new ArrayList<>();
    for (NodeTuple t : baseMap.getValue()) {
      if (!hasKey(over, keyOf(t))) {
        tuples.add(t);
      }
    }
    tuples.addAll(overMap.getValue());
    return new MappingNode(
        Tag.MAP, true, tuples, FlowStyle.BLOCK, overMap.getStartMark(), overMap.getEndMark());
  }

  private static String ownRunnerFile(Node runner, String profile) {
    String file = ".runner";
    if (runner instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if ("file".equals(keyOf(t))
            && t.getValueNode() instanceof ScalarNode s
            && !YamlNodes.isNull(s)
            && !s.getValue().isEmpty()) {
          file = s.getValue();
        }
      }
    }
    Path path = Path.of(file);
    Path parent = path.getParent();
    Path own = parent == null ? Path.of(profile) : parent.resolve(profile);
    return own.resolve(path.getFileName()).toString();
  }

  private static Node withKey(Node mapping, String key, String value) {
    List<NodeTuple> tuples = new ArrayList<>();
    if (mapping instanceof MappingNode m) {
      m.getValue().stream().filter(t -> !key.equals(keyOf(t))).forEach(tuples::add);
    } else if (mapping != null && !YamlNodes.isNull(mapping)) {
      return mapping; // not a mapping: reported when read
    }
    tuples.add(
        new NodeTuple(
            new ScalarNode(Tag.STR, key, ScalarStyle.PLAIN),
            new ScalarNode(Tag.STR, value, ScalarStyle.PLAIN)));
    return new MappingNode(Tag.MAP, tuples, FlowStyle.BLOCK);
  }

  private static boolean hasKey(Node mapping, String key) {
    if (mapping instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (key.equals(keyOf(t))) {
          return true;
        }
      }
    }
    return false;
  }

  private static String keyOf(NodeTuple t) {
    return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
  }
}
