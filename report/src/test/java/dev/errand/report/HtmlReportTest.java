package dev.errand.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportTest {

    @Test
    void html_isWellFormedWithOneChartGroupOfThreeChartsPerFunction() throws Exception {
        String html = render(allScenarios());
        Document doc = parse(html);

        NodeList groups = doc.getElementsByTagName("div");
        List<Element> chartGroups = new ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            Element e = (Element) groups.item(i);
            if (e.getAttribute("class").equals("chart-group")) {
                chartGroups.add(e);
            }
        }
        assertThat(chartGroups)
                .extracting(e -> e.getAttribute("data-fn"))
                .containsExactly(
                        "BookmarkService.fetchSummary",
                        "MailService.send",
                        "PaymentService.charge",
                        "ReportService.render");
        for (Element group : chartGroups) {
            assertThat(group.getElementsByTagName("svg").getLength())
                    .as(group.getAttribute("data-fn"))
                    .isEqualTo(3);
        }
        assertThat(doc.getElementsByTagName("svg").getLength()).isEqualTo(12);
    }

    @Test
    void html_summaryNamesTheSaturatedFunctionFirst() throws Exception {
        String html = render(allScenarios());
        Document doc = parse(html);
        Element summary = firstWithClass(doc, "section", "summary");
        assertThat(summary.getTextContent())
                .contains("Saturated: BookmarkService.fetchSummary (from 14:10)")
                .contains("Slower processing: ReportService.render (from 14:10)")
                .contains("Failing: PaymentService.charge")
                .contains("1 healthy function");
    }

    @Test
    void html_isSelfContained() {
        String html = render(allScenarios());
        assertThat(html)
                .doesNotContain("<script")
                .doesNotContain("<link")
                .doesNotContain("src=\"http")
                .doesNotContain("url(");
        assertThat(html)
                .contains("saturated from 14:10")
                .contains("max delay 5.0 s")
                .contains(">10 s<")
                .contains(">1 min<");
    }

    @Test
    void html_escapesNamesAndSaysAllHealthy() throws Exception {
        List<String> lines = Scenarios.healthy().fn("Weird<&>\"Job").lines();
        String html = render(lines);
        Document doc = parse(html);
        assertThat(firstWithClass(doc, "section", "summary").getTextContent()).contains("All 1 function is healthy");
        assertThat(html).contains("Weird&lt;&amp;&gt;&quot;Job");
    }

    private static List<String> allScenarios() {
        List<String> lines = new ArrayList<>(Scenarios.saturated().lines());
        lines.addAll(Scenarios.healthy().lines());
        lines.addAll(Scenarios.slower().lines());
        lines.addAll(Scenarios.failing().lines());
        return lines;
    }

    static String render(List<String> lines) {
        Report report = Report.of(Scenarios.analyse(lines), Thresholds.DEFAULTS, ZoneOffset.UTC);
        StringWriter w = new StringWriter();
        HtmlReport.write(report, new PrintWriter(w));
        return w.toString();
    }

    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element firstWithClass(Document doc, String tag, String cls) {
        NodeList list = doc.getElementsByTagName(tag);
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            if ((" " + e.getAttribute("class") + " ").contains(" " + cls + " ")) {
                return e;
            }
        }
        throw new AssertionError("no <" + tag + " class=" + cls + ">");
    }
}
