package org.stripscope.mail.pop3;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.stripscope.mail.HostileStreams;
import org.stripscope.mail.Protocol;
import org.stripscope.tcp.StreamListener;

/**
 * Coverage-guided fuzzing of the POP3 session parser, through detection and the CSV writer:
 * random operations (data in any chunking, gaps, closes) and mutated text transcripts.
 */
class FuzzPop3SessionTest {

    @FuzzTest(maxDuration = "10s")
    void randomOperations_neverThrowAndWriteSafeCsv(FuzzedDataProvider data) {
        boolean implicitTls = data.consumeBoolean();
        HostileStreams h = new HostileStreams();
        StreamListener session = h.open(sink -> new Pop3Session(
                HostileStreams.session(Protocol.POP3, implicitTls ? 995 : 110), sink, implicitTls));
        HostileStreams.feedOperations(session, data);
        h.assertOutputSafe();
    }

    @FuzzTest(maxDuration = "10s")
    void mutatedTranscripts_neverThrowAndWriteSafeCsv(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 64);
        HostileStreams h = new HostileStreams();
        StreamListener session = h.open(sink -> new Pop3Session(HostileStreams.session(Protocol.POP3, 110), sink, false));
        HostileStreams.feedTranscript(session, data.consumeRemainingAsBytes(), chunk);
        h.assertOutputSafe();
    }
}
