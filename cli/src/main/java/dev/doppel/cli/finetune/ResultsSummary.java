package dev.doppel.cli.finetune;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A job's result file ({@code step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy}, empty cells
 * where a step was not validated) boiled down: how many steps, and the first, last and lowest train and validation
 * loss with the step of the lowest.
 */
public record ResultsSummary(List<Row> rows, Loss train, Loss valid) {

    public record Row(int step, Double trainLoss, Double validLoss) {
    }

    /** null fields when no row had this loss. */
    public record Loss(Double first, Double last, Double min, Integer minStep) {
        static Loss of(List<Row> rows, boolean valid) {
            Double first = null, last = null, min = null;
            Integer minStep = null;
            for (Row row : rows) {
                Double value = valid ? row.validLoss() : row.trainLoss();
                if (value == null) {
                    continue;
                }
                first = first == null ? value : first;
                last = value;
                if (min == null || value < min) {
                    min = value;
                    minStep = row.step();
                }
            }
            return new Loss(first, last, min, minStep);
        }
    }

    public static ResultsSummary parse(String csv) {
        String[] lines = csv.strip().split("\\R");
        if (lines.length == 0 || lines[0].isBlank()) {
            throw new IllegalArgumentException("the result file is empty");
        }
        List<String> header = List.of(lines[0].strip().split(",", -1));
        int step = column(header, "step");
        int train = column(header, "train_loss");
        int valid = column(header, "valid_loss");
        var rows = new ArrayList<Row>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].split(",", -1);
            try {
                rows.add(new Row(Integer.parseInt(cells[step].strip()), number(cells, train), number(cells, valid)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("result file line " + (i + 1) + " is not a row of " + lines[0]
                        + ": " + lines[i], e);
            }
        }
        return new ResultsSummary(List.copyOf(rows), Loss.of(rows, false), Loss.of(rows, true));
    }

    /** The summary, then at most {@code maxRows} rows spread evenly over the run, the last one always shown. */
    public List<String> lines(int maxRows) {
        var lines = new ArrayList<String>();
        int lastStep = rows.isEmpty() ? 0 : rows.getLast().step();
        lines.add(String.format(Locale.ROOT, "%d steps logged (last step %d)", rows.size(), lastStep));
        lines.add(String.format(Locale.ROOT, "  %-12s %9s %9s %9s  %s", "", "first", "last", "min", "(step of min)"));
        lines.add(lossLine("train loss", train));
        lines.add(lossLine("valid loss", valid));
        lines.add(String.format(Locale.ROOT, "  %8s %11s %11s", "step", "train_loss", "valid_loss"));
        int every = Math.max(1, (int) Math.ceil(rows.size() / (double) Math.max(1, maxRows)));
        for (int i = 0; i < rows.size(); i++) {
            if (i % every == 0 || i == rows.size() - 1) {
                Row row = rows.get(i);
                lines.add(String.format(Locale.ROOT, "  %8d %11s %11s", row.step(), cell(row.trainLoss()), cell(row.validLoss())));
            }
        }
        return lines;
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("steps", rows.size())
                .put("last_step", rows.isEmpty() ? null : rows.getLast().step());
        json.set("train_loss", lossJson(train));
        json.set("valid_loss", lossJson(valid));
        return json;
    }

    private static ObjectNode lossJson(Loss loss) {
        return JsonNodeFactory.instance.objectNode().put("first", loss.first()).put("last", loss.last())
                .put("min", loss.min()).put("min_step", loss.minStep());
    }

    private static String lossLine(String label, Loss loss) {
        if (loss.first() == null) {
            return String.format(Locale.ROOT, "  %-12s %9s", label, "n/a (none logged)");
        }
        return String.format(Locale.ROOT, "  %-12s %9.4f %9.4f %9.4f  (%d)", label, loss.first(), loss.last(), loss.min(),
                loss.minStep());
    }

    private static String cell(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static int column(List<String> header, String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("the result file has no " + name + " column: " + String.join(",", header));
        }
        return index;
    }

    private static Double number(String[] cells, int column) {
        return column < cells.length && !cells[column].isBlank() ? Double.valueOf(cells[column].strip()) : null;
    }
}
