package dev.errand.config;

import java.util.List;

/**
 * Writes {@code docs/configuration.md} from the declarations: one table per {@link SettingGroup}
 * with each key's type, default, allowed values and description.
 */
public final class SettingsReference {
    private SettingsReference() {}

    /** The reference of these groups, as Markdown. */
    public static String markdown(List<SettingGroup> groups) {
        StringBuilder md = new StringBuilder()
                .append("# Configuration reference\n\n")
                .append(
                        "<!-- Generated from the settings the modules declare (dev.errand.config.Setting); do not edit.\n")
                .append(
                        "     ConfigurationReferenceTest (examples) fails when this file is stale and prints the command that\n")
                .append("     rewrites it. -->\n\n")
                .append(
                        "Every `errand.*` key, grouped by the module that reads it. How the configuration is read (the\n")
                .append("properties file, system properties, `${env:NAME}` and `${file:PATH}`) is in the\n")
                .append(
                        "[README](../README.md#configuration). A key no module on the class path declares, or a value\n")
                .append(
                        "outside what is allowed, stops start-up with a message that names the key, the value and what is\n")
                .append("allowed. Durations are written `500ms`, `30s`, `5m`, `2h`, `1d` or ISO-8601 (`PT30S`).\n");
        for (SettingGroup group : groups) {
            md.append("\n## ")
                    .append(group.title())
                    .append(" (`")
                    .append(group.module())
                    .append("`)\n\n")
                    .append("| key | type | default | allowed | description |\n")
                    .append("|---|---|---|---|---|\n");
            for (Setting<?> s : group.settings()) {
                String dflt = s.defaultText().isEmpty()
                        ? "none"
                        : s.defaultIsValue() ? code(s.defaultText()) : s.defaultText();
                md.append("| ")
                        .append(code(s.key()))
                        .append(" | ")
                        .append(s.type())
                        .append(" | ")
                        .append(cell(dflt))
                        .append(" | ")
                        .append(cell(s.allowed()))
                        .append(" | ")
                        .append(cell(s.doc()))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
