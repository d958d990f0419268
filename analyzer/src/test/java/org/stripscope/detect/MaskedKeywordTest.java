package org.stripscope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaskedKeywordTest {

    @ParameterizedTest
    @CsvSource({
        "XXXXXXXA, ASA_MASK",
        "XXXXXXXB, ASA_MASK",
        "XXXXXXXX, ALL_X",
        "STARTXXX, ALTERED",
        "****TTLS, ALTERED",
        "STARTTLZ, ALTERED",
        "starttlz, ALTERED",
        "'########', ALTERED",
        "'........', GARBAGE",
    })
    void sameLengthAlterationsOfStarttls_areRecognised(String keyword, MaskedKeyword.Kind kind) {
        assertEquals(kind, MaskedKeyword.classify(keyword, "STARTTLS"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"STARTTLS", "starttls", "StartTLS", "CHUNKING", "8BITMIME", "SMTPUTF8", "PIPELINING", "XXXXXXA", "SIZE"})
    void ordinaryKeywordsAndOtherLengths_areNotAlterations(String keyword) {
        assertNull(MaskedKeyword.classify(keyword, "STARTTLS"));
    }

    @Test
    void controlBytesInAKeywordOfTheRightLength_areGarbage() {
        assertEquals(MaskedKeyword.Kind.GARBAGE, MaskedKeyword.classify("AB\u0001\u0002CD\u00ffZ", "STARTTLS"));
    }

    @Test
    void asaMaskSequenceLetter_givesThePositionAmongMaskedKeywords() {
        assertEquals(1, MaskedKeyword.sequence("XXXXXXXA"));
        assertEquals(9, MaskedKeyword.sequence("XI"));
        assertEquals(0, MaskedKeyword.sequence("XXXXXXXX"));
        assertEquals(0, MaskedKeyword.sequence("STARTTLS"));
    }

    @Test
    void asaMasksOfEveryLength_areListedInOrder() {
        assertEquals(List.of("XXXA", "XXXXXXXB", "XI"),
                MaskedKeyword.asaMasks(List.of("XXXA", "SIZE", "XXXXXXXB", "X", "XI", "AUTH")));
    }
}
