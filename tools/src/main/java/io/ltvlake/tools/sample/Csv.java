package io.ltvlake.tools.sample;

import java.util.ArrayList;
import java.util.List;

/** RFC-4180 helpers: quote a field when it holds a comma, a quote or a line break; empty field = null. */
final class Csv {
  private Csv() {}

  static void field(StringBuilder sb, String v) {
    if (v == null || v.isEmpty()) {
      return;
    }
    boolean quote = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
    if (!quote) {
      sb.append(v);
      return;
    }
    sb.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    sb.append('"');
  }

  static String join(List<String> fields) {
    StringBuilder sb = new StringBuilder(128);
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      field(sb, fields.get(i));
    }
    return sb.toString();
  }

  /** Splits one CSV record (no embedded line breaks; the generator never writes any). */
  static List<String> parse(String line) {
    List<String> out = new ArrayList<>(24);
    StringBuilder cur = new StringBuilder();
    boolean inQuotes = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inQuotes) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            inQuotes = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        inQuotes = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
