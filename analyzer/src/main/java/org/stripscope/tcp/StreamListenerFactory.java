package org.stripscope.tcp;

/** Decides, when a new connection appears, who listens to its bytes. */
@FunctionalInterface
public interface StreamListenerFactory {

    /**
     * @param frame the frame that opened the connection in the flow table
     * @return the listener for the connection's bytes, or null to ignore the connection
     */
    StreamListener open(FlowEndpoints endpoints, long frame, long timeMicros);
}
