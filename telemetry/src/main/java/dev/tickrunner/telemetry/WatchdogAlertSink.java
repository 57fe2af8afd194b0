package dev.tickrunner.telemetry;


/**
 * Where a watchdog alert about one player goes beyond the runner's own log and counter: the player's
 * {@code users.notifications} and a pub/sub channel operators subscribe to.
 */
public interface WatchdogAlertSink {
    /** Pub/sub channel of watchdog alerts. */
    String CHANNEL = "tickrunner:watchdog";
    /** {@code users.notifications} {@code type} of a watchdog alert. */
    String NOTIFICATION_TYPE = "watchdog";

    /** Sends nothing. */
    WatchdogAlertSink NONE = decision -> { };

    /**
     * Delivers one alert. Not retried: the watchdog alerts again on the next threshold after the alert interval.
     *
     * @param decision the watchdog's decision, with {@code alert() == true}
     * @throws RuntimeException if storage fails (the caller logs it)
     */
    void send(WatchdogDecision decision);
}
