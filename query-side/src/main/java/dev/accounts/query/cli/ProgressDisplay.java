package dev.accounts.query.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** How a replay's progress is shown: events done of the total, the rate, the time left. */
interface ProgressDisplay extends AutoCloseable {

    /** @param done events replayed so far; @param total events to replay */
    void update(long done, long total);

    /** Leaves the display in its final state; the caller prints the outcome after it. */
    @Override
    void close();

    /** A bar redrawn in place, for a terminal (me.tongfei's progressbar). */
    static ProgressDisplay bar(PrintStream out, String task) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(1).setUnit(" events", 1)
                .showSpeed(new java.text.DecimalFormat("#")).setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(200).setConsumer(new ConsoleProgressBarConsumer(out)).build();
        return new ProgressDisplay() {
            @Override
            public void update(long done, long total) {
                bar.maxHint(Math.max(total, 1));
                bar.stepTo(Math.min(done, Math.max(total, 1)));
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /** A plain line every {@code every}, and one at the end, for a log or a pipe, where a redrawn bar would be noise. */
    static ProgressDisplay lines(PrintStream out, String task, Duration every, LongSupplier nanoClock) {
        return new ProgressDisplay() {
            private final long started = nanoClock.getAsLong();
            private long firstDone = -1;
            private long lastPrinted = Long.MIN_VALUE;
            private long done;
            private long total;

            @Override
            public void update(long done, long total) {
                this.done = done;
                this.total = total;
                if (firstDone < 0) {
                    firstDone = done;
                }
                long now = nanoClock.getAsLong();
                if (lastPrinted == Long.MIN_VALUE || now - lastPrinted >= every.toNanos()) {
                    lastPrinted = now;
                    print(now);
                }
            }

            @Override
            public void close() {
                print(nanoClock.getAsLong());
            }

            private void print(long now) {
                double seconds = (now - started) / 1e9;
                double rate = seconds > 0 ? (done - firstDone) / seconds : 0;
                long percent = total > 0 ? Math.min(100, done * 100 / total) : 100;
                String left = rate > 0 && total > done ? ", about " + Math.round(Math.ceil((total - done) / rate)) + " s left"
                        : "";
                out.println(String.format(Locale.ROOT, "%s: %d of %d events (%d%%), %.0f events/s%s",
                        task, done, total, percent, rate, left));
                out.flush();
            }
        };
    }
}
