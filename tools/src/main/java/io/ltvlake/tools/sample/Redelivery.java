package io.ltvlake.tools.sample;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A late correction of a generated sample, as a shop would send one: an old export day's
 * {@code order_lines.csv} delivered again, in the same folder, with one line's unit price changed.
 */
public final class Redelivery {

    /** The line that changed: its order, its line number and its unit price before and after. */
    public record ChangedLine(String exportDay, String orderId, String lineNo, BigDecimal oldUnitPrice,
                              BigDecimal newUnitPrice) {}

    private Redelivery() {}

    /**
     * Rewrites {@code <sampleRoot>/landing/shop/<exportDay>/order_lines.csv} with the unit price of one line
     * doubled. The line is the first of a completed order that no other export day carries (a later export of
     * the same order would win in silver and hide the correction) and that occurs once in the file (an exact
     * duplicate left unchanged would leave two versions of the line in one delivery).
     */
    public static ChangedLine doubleOneUnitPrice(Path sampleRoot, String exportDay) throws IOException {
        OrderLines day = OrderLines.of(sampleRoot, exportDay);
        List<String> lines = day.lines();
        List<String> header = day.header();
        int lineNo = header.indexOf("line_no");
        int status = header.indexOf("status");
        int quantity = header.indexOf("quantity");
        int orderId = header.indexOf("order_id");
        int unitPrice = header.indexOf("unit_price");
        Set<String> elsewhere = ordersOfOtherDays(day.landing(), exportDay, orderId);
        for (int i = 1; i < lines.size(); i++) {
            String text = lines.get(i);
            List<String> fields = Csv.parse(text);
            if (fields.size() != header.size() || !"completed".equals(fields.get(status))
                    || elsewhere.contains(fields.get(orderId)) || lines.indexOf(text) != lines.lastIndexOf(text)) {
                continue;
            }
            BigDecimal price = decimal(fields.get(unitPrice));
            BigDecimal units = decimal(fields.get(quantity));
            if (price == null || units == null || price.signum() <= 0 || units.signum() <= 0) {
                continue;
            }
            BigDecimal doubled = price.add(price);
            List<String> changed = new ArrayList<>(fields);
            changed.set(unitPrice, doubled.toPlainString());
            lines.set(i, Csv.join(changed));
            Files.write(day.file(), lines, StandardCharsets.UTF_8);
            return new ChangedLine(exportDay, fields.get(orderId), fields.get(lineNo), price, doubled);
        }
        throw new IllegalArgumentException(day.file() + ": no line of a completed order exported only on " + exportDay
                + " with a positive quantity and price to change");
    }

    /** The order that now names another customer's e-mail: its e-mail before and after. */
    public record LinkedOrder(String exportDay, String orderId, String oldEmail, String newEmail) {}

    /**
     * Rewrites {@code <sampleRoot>/landing/shop/<exportDay>/order_lines.csv} so that every line of one order
     * carries the e-mail of another order's customer, as a shop correcting a mistyped address would: the
     * identity graph then joins the two customers. The order is one that no other export day carries (a later
     * export would win in silver); the other order has a different customer id, phone and e-mail.
     */
    public static LinkedOrder linkTwoCustomers(Path sampleRoot, String exportDay) throws IOException {
        OrderLines day = OrderLines.of(sampleRoot, exportDay);
        List<String> header = day.header();
        int orderId = header.indexOf("order_id");
        Set<String> elsewhere = ordersOfOtherDays(day.landing(), exportDay, orderId);
        int email = header.indexOf("email");
        List<Integer> person = List.of(header.indexOf("customer_id"), header.indexOf("phone"), email);
        List<String> lines = day.lines();
        List<List<String>> rows = lines.subList(1, lines.size()).stream().map(Csv::parse)
                .filter(fields -> fields.size() == header.size()).toList();
        for (List<String> order : rows) {
            if (elsewhere.contains(order.get(orderId)) || order.get(email).isEmpty()) {
                continue;
            }
            for (List<String> other : rows) {
                boolean someoneElse = !other.get(orderId).equals(order.get(orderId)) && !other.get(email).isEmpty()
                        && person.stream().allMatch(c -> other.get(c).isEmpty() || !other.get(c).equals(order.get(c)));
                if (!someoneElse) {
                    continue;
                }
                for (int i = 1; i < lines.size(); i++) {
                    List<String> fields = Csv.parse(lines.get(i));
                    if (fields.size() == header.size() && fields.get(orderId).equals(order.get(orderId))) {
                        List<String> changed = new ArrayList<>(fields);
                        changed.set(email, other.get(email));
                        lines.set(i, Csv.join(changed));
                    }
                }
                Files.write(day.file(), lines, StandardCharsets.UTF_8);
                return new LinkedOrder(exportDay, order.get(orderId), order.get(email), other.get(email));
            }
        }
        throw new IllegalArgumentException(day.file() + ": no order exported only on " + exportDay
                + " with an e-mail, beside another customer's order, to link");
    }

    /** One export day's order lines file of the sample's shop: its lines (header first), to change in place. */
    private record OrderLines(Path landing, Path file, List<String> lines, List<String> header) {
        static OrderLines of(Path sampleRoot, String exportDay) throws IOException {
            Path landing = sampleRoot.resolve("landing").resolve("shop");
            Path file = landing.resolve(exportDay).resolve(Exporter.FILES[Exporter.ORDERS]);
            List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            return new OrderLines(landing, file, lines, Csv.parse(lines.get(0)));
        }
    }

    private static Set<String> ordersOfOtherDays(Path landing, String exportDay, int orderIdColumn) throws IOException {
        Set<String> orders = new HashSet<>();
        try (Stream<Path> days = Files.list(landing)) {
            for (Path day : days.filter(d -> !d.getFileName().toString().equals(exportDay)).toList()) {
                Path file = day.resolve(Exporter.FILES[Exporter.ORDERS]);
                if (!Files.exists(file)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    List<String> fields = Csv.parse(line);
                    if (fields.size() > orderIdColumn) {
                        orders.add(fields.get(orderIdColumn));
                    }
                }
            }
        }
        return orders;
    }

    private static BigDecimal decimal(String text) {
        try {
            return text == null ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null; // a planted malformed value: not a line to correct
        }
    }
}
