package dev.accounts.command.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.junit.jupiter.api.Test;

class AccountsInMemoryTest {

    /** What a listener heard, one line an event. */
    private static final class Heard extends Cache.EntryListenerAdapter {

        final List<String> events = new ArrayList<>();

        @Override
        public void onEntryCreated(Object key, Object value) {
            events.add("created " + key + "=" + value);
        }

        @Override
        public void onEntryUpdated(Object key, Object value) {
            events.add("updated " + key + "=" + value);
        }

        @Override
        public void onEntryRead(Object key, Object value) {
            events.add("read " + key + "=" + value);
        }

        @Override
        public void onEntryRemoved(Object key) {
            events.add("removed " + key);
        }

        @Override
        public void onEntryExpired(Object key) {
            events.add("evicted " + key);
        }
    }

    @Test
    void keepsWhatIsPutUntilItIsRemoved() {
        AccountsInMemory cache = new AccountsInMemory(10, new SimpleMeterRegistry());
        cache.put("a", "one");
        assertThat(cache.<String, String>get("a")).isEqualTo("one");
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.putIfAbsent("a", "two")).isFalse();
        assertThat(cache.<String, String>get("a")).isEqualTo("one");
        cache.put("a", "two");
        assertThat(cache.<String, String>get("a")).isEqualTo("two");

        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).as("already gone").isFalse();
        assertThat(cache.<String, String>get("a")).isNull();
        assertThat(cache.containsKey("a")).isFalse();
    }

    @Test
    void holdsNoMoreThanItsBoundAndSaysWhatItEvicted() {
        AccountsInMemory cache = new AccountsInMemory(100, new SimpleMeterRegistry());
        Heard heard = new Heard();
        cache.registerCacheEntryListener(heard);
        for (int i = 0; i < 1_000; i++) {
            cache.put("account-" + i, i);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(100);
        long evicted = heard.events.stream().filter(event -> event.startsWith("evicted ")).count();
        assertThat(evicted).isEqualTo(1_000 - cache.size());
    }

    @Test
    void anAccountInUseOutlastsOnesUsedOnce() {
        AccountsInMemory cache = new AccountsInMemory(50, new SimpleMeterRegistry());
        cache.put("daily", "kept");
        for (int i = 0; i < 1_000; i++) {
            cache.get("daily");
            cache.put("once-" + i, i);
        }
        assertThat(cache.<String, String>get("daily")).isEqualTo("kept");
    }

    @Test
    void tellsItsListenersWhatHappensUntilTheyLeave() {
        AccountsInMemory cache = new AccountsInMemory(10, new SimpleMeterRegistry());
        Heard heard = new Heard();
        Registration registration = cache.registerCacheEntryListener(heard);

        cache.put("a", "one");
        cache.put("a", "two");
        cache.get("a");
        cache.get("missing");
        cache.putIfAbsent("b", "three");
        cache.computeIfPresent("b", (UnaryOperator<String>) value -> value + "!");
        cache.computeIfPresent("missing", (UnaryOperator<String>) value -> value + "!");
        cache.computeIfPresent("b", (UnaryOperator<String>) value -> null);
        cache.computeIfAbsent("c", () -> "four");
        cache.computeIfAbsent("c", () -> "five");
        assertThat(heard.events).containsExactly("created a=one", "updated a=two", "read a=two", "created b=three",
                "updated b=three!", "removed b", "created c=four");

        heard.events.clear();
        cache.removeAll();
        assertThat(heard.events).containsExactlyInAnyOrder("removed a", "removed c");
        assertThat(cache.containsKey("a") || cache.containsKey("c")).as("all removed").isFalse();

        registration.cancel();
        cache.put("d", "six");
        assertThat(heard.events).as("nothing heard after leaving").hasSize(2);
    }

    @Test
    void countsHitsMissesAndEvictionsAsMicrometerCacheMeters() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AccountsInMemory cache = new AccountsInMemory(2, meters);
        cache.put("a", "one");
        cache.get("a");
        cache.get("a");
        cache.get("missing");
        cache.put("b", "two");
        cache.put("c", "three");
        cache.size(); // the pending eviction, done

        assertThat(gets(meters, "hit")).isEqualTo(2);
        assertThat(gets(meters, "miss")).isEqualTo(1);
        assertThat(meters.get("cache.evictions").tag("cache", AccountsInMemory.METRICS_NAME).functionCounter().count())
                .isEqualTo(1);
        assertThat(meters.get("cache.size").tag("cache", AccountsInMemory.METRICS_NAME).gauge().value()).isEqualTo(2);
    }

    private static double gets(SimpleMeterRegistry meters, String result) {
        return meters.get("cache.gets").tags("cache", AccountsInMemory.METRICS_NAME, "result", result)
                .functionCounter().count();
    }

    @Test
    void computeIfAbsentKeepsTheFirstValue() {
        AccountsInMemory cache = new AccountsInMemory(10, new SimpleMeterRegistry());
        assertThat(cache.computeIfAbsent("a", () -> "one")).isEqualTo("one");
        assertThat(cache.computeIfAbsent("a", () -> "two")).isEqualTo("one");
    }

    @Test
    void refusesMissingValuesAndAnEmptyBound() {
        AccountsInMemory cache = new AccountsInMemory(10, new SimpleMeterRegistry());
        assertThatThrownBy(() -> cache.put("a", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.putIfAbsent("a", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.computeIfAbsent("a", () -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.containsKey("a")).as("nothing stored").isFalse();
        assertThatThrownBy(() -> new AccountsInMemory(0, new SimpleMeterRegistry())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSettingChoosesTheCache() {
        UserRepositoryConfiguration configuration = new UserRepositoryConfiguration();
        assertThat(configuration.userCache(10_000, new SimpleMeterRegistry())).isInstanceOf(AccountsInMemory.class);
        assertThat(configuration.userCache(0, new SimpleMeterRegistry())).as("0 keeps none").isSameAs(NoCache.INSTANCE);
        assertThatThrownBy(() -> configuration.userCache(-1, new SimpleMeterRegistry())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accounts.accounts-in-memory must be 0 or more, not -1");
    }
}
