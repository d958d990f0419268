package org.stripscope.mail.imap;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.stripscope.mail.HostileStreams;
import org.stripscope.mail.Protocol;
import org.stripscope.tcp.StreamListener;

/**
 * Coverage-guided fuzzing of the IMAP session parser, through detection and the CSV writer:
 * random operations (data in any chunking, gaps, closes) and mutated text transcripts.
 */
class FuzzImapSessionTest {

    @FuzzTest(maxDuration = "10s")
    void randomOperations_neverThrowAndWriteSafeCsv(FuzzedDataProvider data) {
        boolean implicitTls = data.consumeBoolean();
        HostileStreams h = new HostileStreams();
        StreamListener session = h.open(sink -> new ImapSession(
                HostileStreams.session(Protocol.IMAP, implicitTls ? 993 : 143), sink, implicitTls));
        HostileStreams.feedOperations(session, data);
        h.assertOutputSafe();
    }

    @FuzzTest(maxDuration = "10s")
    void mutatedTranscripts_neverThrowAndWriteSafeCsv(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 64);
        HostileStreams h = new HostileStreams();
        StreamListener session = h.open(sink -> new ImapSession(HostileStreams.session(Protocol.IMAP, 143), sink, false));
        HostileStreams.feedTranscript(session, data.consumeRemainingAsBytes(), chunk);
        h.assertOutputSafe();
    }
}
