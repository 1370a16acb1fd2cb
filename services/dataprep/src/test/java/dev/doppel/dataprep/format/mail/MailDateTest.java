package dev.doppel.dataprep.format.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailDateTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Thu, 22 Aug 2002 18:26:25 +0700 | 2002-08-22T11:26:25Z",
            "Thu, 22 Aug 2002 07:36:16 -0400 (EDT) | 2002-08-22T11:36:16Z",
            "22 Aug 2002 18:26:25 GMT | 2002-08-22T18:26:25Z",
            "Thu, 22 Aug 02 18:26:25 PDT | 2002-08-23T01:26:25Z",
            "Thu Aug 22 12:36:23 2002 | 2002-08-22T12:36:23Z",
            "Thu, 5 Sep 2002 15:42 -0700 | 2002-09-05T22:42:00Z",
            "Mon,  2 Sep 2002 10:01:40 +0000 | 2002-09-02T10:01:40Z",
            "Tuesday, 03-Sep-2002 wrong | ",
    })
    void parsesTheShapesRealMailHas(String header, String expected) {
        assertEquals(expected, expected == null ? MailDate.parse(header) : String.valueOf(MailDate.parse(header)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "31 Feb 2002 10:00:00", "Thu, 22 Aug 2002 25:61:00 +0000", "12:00"})
    void unusableDatesAreNull(String header) {
        assertNull(MailDate.parse(header));
    }
}
