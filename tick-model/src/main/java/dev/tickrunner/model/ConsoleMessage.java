package dev.tickrunner.model;

import java.util.Objects;

/**
 * One line the player's script wrote with {@code console.log}, as the engine's {@code game/console.js} records it.
 *
 * @param message the text (already joined from the log arguments)
 * @param escape  whether the client must HTML-escape it ({@code false} for raw HTML the script chose to send)
 */
public record ConsoleMessage(String message, boolean escape) {
    /** @throws NullPointerException if {@code message == null} */
    public ConsoleMessage {
        Objects.requireNonNull(message, "message");
    }
}
