package dev.tickrunner.sandbox;

import dev.tickrunner.sandbox.containment.TrustedSources;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/**
 * Builds the text a player sees when a tick is interrupted at the CPU limit, the way the Node runner produces it:
 * isolated-vm's {@code "Script execution timed out."} with the frames of the timed-out player script only, then the
 * driver's evalCode rewrite ({@code <} escaped, {@code at __module (X)} → {@code at X}, the last frame cut, leaving a
 * trailing newline). Example: {@code "Script execution timed out.\n    at loop (main:1:116)\n    at __mainLoop:1:52\n"}.
 *
 * <p>Mirrors: driver lib/runtime/runtime-driver.js evalCode catch, as recorded (NODE-ERROR-TEXTS.md rule 5).
 * Deviates from Node: function names are GraalJS's ({@code loop}, not V8's inferred {@code module.exports.loop}),
 * and the frames are those where the interrupt finally unwound the thread: GraalJS delivers the interrupt again until
 * the thread leaves the context, so when trusted code was handling the first delivery, no player frame is left and
 * the text is the first line alone.
 */
final class TimeoutErrorText {
    /** V8's Error.stackTraceLimit. */
    private static final int STACK_TRACE_LIMIT = 10;

    private TimeoutErrorText() {
    }

    static String of(PolyglotException interrupted) {
        List<String> frames = new ArrayList<>();
        for (PolyglotException.StackFrame frame : interrupted.getPolyglotStackTrace()) {
            if (!frame.isGuestFrame() || frames.size() == STACK_TRACE_LIMIT) {
                continue;
            }
            SourceSection location = frame.getSourceLocation();
            if (location == null) {
                continue;
            }
            String source = location.getSource().getName();
            if (TrustedSources.isTrusted(location.getSource().getURI())) {
                break;
            }
            String where = source + ":" + location.getStartLine() + ":" + location.getStartColumn();
            String name = frame.getRootName();
            boolean anonymous = name == null || name.isEmpty() || name.startsWith(":") || "__module".equals(name);
            frames.add(anonymous ? "    at " + where : "    at " + name + " (" + where + ")");
        }
        StringBuilder text = new StringBuilder(PlayerMessages.SCRIPT_TIMED_OUT);
        for (int i = 0; i < frames.size() - 1; i++) {
            text.append('\n').append(frames.get(i));
        }
        if (!frames.isEmpty()) {
            text.append('\n');
        }
        return text.toString().replace("<", "&lt;");
    }
}
