package org.stripscope.mail.smtp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.stripscope.mail.HostileStreams;
import org.stripscope.mail.Protocol;
import org.stripscope.tcp.StreamListener;

/**
 * Coverage-guided fuzzing of the SMTP session parser, through detection and the CSV writer:
 * random operations (data in any chunking, gaps, closes) and mutated text transcripts. Small
 * limits make every limit reachable by short inputs.
 */
class FuzzSmtpSessionTest {

    private static final SmtpLimits SMALL = new SmtpLimits(64, 4, 8, 64, 16);

    @FuzzTest(maxDuration = "10s")
    void randomOperations_neverThrowAndWriteSafeCsv(FuzzedDataProvider data) {
        boolean small = data.consumeBoolean();
        boolean implicitTls = data.consumeBoolean();
        HostileStreams h = new HostileStreams();
        StreamListener session = h.open(sink -> new SmtpSession(HostileStreams.session(Protocol.SMTP, implicitTls ? 465 : 25),
                sink, small ? SMALL : SmtpLimits.defaults(), implicitTls));
        HostileStreams.feedOperations(session, data);
        h.assertOutputSafe();
    }

    @FuzzTest(maxDuration = "10s")
    void mutatedTranscripts_neverThrowAndWriteSafeCsv(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 64);
        boolean small = data.consumeBoolean();
        HostileStreams h = new HostileStreams();
        StreamListener session = h.open(sink -> new SmtpSession(HostileStreams.session(Protocol.SMTP, 587),
                sink, small ? SMALL : SmtpLimits.defaults(), false));
        HostileStreams.feedTranscript(session, data.consumeRemainingAsBytes(), chunk);
        h.assertOutputSafe();
    }
}
