package dev.errand.bench;

import java.io.PrintStream;
import java.util.List;

/** Prints rows as a Markdown table whose columns line up in a terminal too. */
final class Table {
    private Table() {}

    static void print(List<Row> rows, PrintStream out) {
        String[] header = Row.HEADER;
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (Row r : rows) {
            String[] cells = r.cells();
            for (int i = 0; i < cells.length; i++) {
                width[i] = Math.max(width[i], cells[i].length());
            }
        }
        line(header, width, out);
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < width.length; i++) {
            boolean right = i >= 2 && i != 4 && i != header.length - 1;
            rule.append(right ? "-".repeat(width[i] + 1) + ":|" : ":" + "-".repeat(width[i] + 1) + "|");
        }
        out.println(rule);
        for (Row r : rows) {
            line(r.cells(), width, out);
        }
    }

    private static void line(String[] cells, int[] width, PrintStream out) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            boolean right = i >= 2 && i != 4 && i != cells.length - 1;
            String pad = " ".repeat(width[i] - cells[i].length());
            b.append(' ').append(right ? pad + cells[i] : cells[i] + pad).append(" |");
        }
        out.println(b);
    }
}
