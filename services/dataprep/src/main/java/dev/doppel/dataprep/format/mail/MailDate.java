package dev.doppel.dataprep.format.mail;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Lenient Date header parsing. Real mail has every variant: RFC 5322 ({@code Thu, 22 Aug 2002
 * 18:26:25 +0700 (ICT)}), two-digit years, asctime ({@code Thu Aug 22 12:36:23 2002}), zone names
 * ({@code EDT}), no zone, no seconds. Tokens are recognised by shape, not position; anything that
 * does not give a day, month, year and time is null, never an error.
 */
final class MailDate {
    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private MailDate() {
    }

    static Instant parse(String header) {
        if (header == null) {
            return null;
        }
        int day = -1;
        int month = -1;
        int year = -1;
        int[] time = null;
        ZoneOffset zone = null;
        for (String token : tokens(header)) {
            char c = token.charAt(0);
            if (token.indexOf(':') > 0) {
                if (time == null) {
                    time = time(token);
                }
            } else if ((c == '+' || c == '-') && token.length() == 5 && zone == null) {
                zone = offset(token);
            } else if (c >= '0' && c <= '9') {
                int n = number(token);
                if (n < 0) {
                    continue;
                }
                if (token.length() <= 2 && day < 0) {
                    day = n;
                } else if (year < 0) {
                    year = token.length() <= 2 ? (n < 50 ? 2000 + n : 1900 + n) : token.length() == 3 ? 1900 + n : n;
                }
            } else if (Character.isLetter(c)) {
                if (month < 0 && token.length() >= 3) {
                    int m = MONTHS.indexOf(token.substring(0, 3).toLowerCase(Locale.ROOT));
                    if (m >= 0 && m % 3 == 0) {
                        month = m / 3 + 1;
                        continue;
                    }
                }
                if (zone == null) {
                    zone = namedZone(token);
                }
            }
        }
        if (day < 0 || month < 0 || year < 0 || time == null) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, time[0], time[1], time[2])
                    .toInstant(zone == null ? ZoneOffset.UTC : zone);
        } catch (DateTimeException e) { // 31 Feb, hour 25: a made-up date
            return null;
        }
    }

    /** The header split at spaces and commas, comments in parentheses dropped. */
    private static String[] tokens(String header) {
        StringBuilder cleaned = new StringBuilder(header.length());
        int depth = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                cleaned.append(c == ',' || c == '\t' ? ' ' : c);
            }
        }
        String s = cleaned.toString().strip();
        return s.isEmpty() ? new String[0] : s.split(" +");
    }

    private static int[] time(String token) {
        String[] parts = token.split(":");
        if (parts.length < 2 || parts.length > 3) {
            return null;
        }
        int hour = number(parts[0]);
        int minute = number(parts[1]);
        int second = parts.length == 3 ? number(parts[2]) : 0;
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0) {
            return null;
        }
        return new int[] {hour, minute, Math.min(second, 59)}; // 60: a leap second
    }

    private static ZoneOffset offset(String token) {
        int hhmm = number(token.substring(1));
        if (hhmm < 0 || hhmm / 100 > 18 || hhmm % 100 > 59) {
            return null;
        }
        int seconds = (hhmm / 100 * 3600 + hhmm % 100 * 60) * (token.charAt(0) == '-' ? -1 : 1);
        return ZoneOffset.ofTotalSeconds(seconds);
    }

    private static ZoneOffset namedZone(String token) {
        int hours = switch (token.toUpperCase(Locale.ROOT)) {
            case "UT", "UTC", "GMT", "Z", "WET" -> 0;
            case "BST", "CET", "MET", "WEST" -> 1;
            case "CEST", "MEST", "EET" -> 2;
            case "EEST", "MSK" -> 3;
            case "EST" -> -5;
            case "EDT", "AST" -> -4;
            case "CST" -> -6;
            case "CDT" -> -5;
            case "MST" -> -7;
            case "MDT" -> -6;
            case "PST" -> -8;
            case "PDT" -> -7;
            case "HKT", "SGT", "AWST" -> 8;
            case "JST", "KST" -> 9;
            case "AEST" -> 10;
            default -> Integer.MIN_VALUE;
        };
        return hours == Integer.MIN_VALUE ? null : ZoneOffset.ofHours(hours);
    }

    /** A non-negative decimal number of at most 9 digits, or -1. */
    private static int number(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
