package dev.errand.dashboard;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * Renders the pages: JTE templates compiled to classes at build time (src/main/jte), HTML-escaping every value they
 * print, attribute values included.
 */
final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(
            null, ContentType.Html, Templates.class.getClassLoader(), "dev.errand.dashboard");

    String render(String name, Object model) {
        StringOutput out = new StringOutput(8192);
        engine.render(name + ".jte", model, out);
        return out.toString();
    }
}
