package dev.errand.report;

/** Escaping for the HTML report, which is also well-formed XML (so a plain XML parser can check it). */
final class Xml {
    private Xml() {}

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(' '); // control characters are not allowed in XML 1.0
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
