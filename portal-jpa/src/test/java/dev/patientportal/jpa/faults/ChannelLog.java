package dev.patientportal.jpa.faults;

import dev.patientportal.notify.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the far end of each channel accepted: per notification (its intent id) and channel, the instants at which a
 * server (GreenMail, a provider stand-in) or an in-memory channel took the message. This is the suite's own account,
 * independent of the outbox's: a message is delivered when every channel it needs has an entry here, and every entry
 * beyond the first is a duplicate the patient would see. Thread-safe.
 */
final class ChannelLog {
    /** One notification on one channel. */
    record Key(UUID intent, Channel channel) {}

    private final Map<Key, List<Instant>> accepted = new ConcurrentHashMap<>();
    private final List<Instant> all = new CopyOnWriteArrayList<>();

    /** Records that the far end took a message. */
    void accepted(UUID intent, Channel channel) {
        Instant now = Instant.now();
        accepted.computeIfAbsent(new Key(intent, channel), k -> new CopyOnWriteArrayList<>())
                .add(now);
        all.add(now);
    }

    /** How often a message was taken on a channel. */
    int count(UUID intent, Channel channel) {
        List<Instant> at = accepted.get(new Key(intent, channel));
        return at == null ? 0 : at.size();
    }

    /** When a message was taken on a channel, earliest first. */
    List<Instant> acceptances(UUID intent, Channel channel) {
        List<Instant> at = new ArrayList<>(accepted.getOrDefault(new Key(intent, channel), List.of()));
        at.sort(null);
        return at;
    }

    /** Whether every one of the channels took the message at least once. */
    boolean deliveredOn(UUID intent, Set<Channel> channels) {
        return channels.stream().allMatch(c -> count(intent, c) > 0);
    }

    /** The channels that took the message at least once. */
    Set<Channel> channelsOf(UUID intent) {
        Set<Channel> out = EnumSet.noneOf(Channel.class);
        for (Channel c : Channel.values()) {
            if (count(intent, c) > 0) {
                out.add(c);
            }
        }
        return out;
    }

    /** Every acceptance beyond the first, per notification and channel, summed. */
    int duplicates() {
        return accepted.values().stream()
                .mapToInt(l -> Math.max(0, l.size() - 1))
                .sum();
    }

    /** The notifications and channels taken more than once, with how often. */
    Map<Key, Integer> duplicated() {
        Map<Key, Integer> out = new ConcurrentHashMap<>();
        accepted.forEach((k, v) -> {
            if (v.size() > 1) {
                out.put(k, v.size());
            }
        });
        return out;
    }

    /** The shortest time between two acceptances of one message on one channel; empty without duplicates. */
    Optional<Duration> shortestDuplicateGap() {
        Duration shortest = null;
        for (List<Instant> at : accepted.values()) {
            List<Instant> sorted = new ArrayList<>(at);
            sorted.sort(null);
            for (int i = 1; i < sorted.size(); i++) {
                Duration gap = Duration.between(sorted.get(i - 1), sorted.get(i));
                if (shortest == null || gap.compareTo(shortest) < 0) {
                    shortest = gap;
                }
            }
        }
        return Optional.ofNullable(shortest);
    }

    /** Every acceptance, on any channel. */
    int total() {
        return all.size();
    }

    /** The first acceptance at or after an instant. */
    Optional<Instant> firstAtOrAfter(Instant t) {
        return all.stream().filter(i -> !i.isBefore(t)).min(Instant::compareTo);
    }
}
