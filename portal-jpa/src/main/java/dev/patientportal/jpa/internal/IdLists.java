package dev.patientportal.jpa.internal;

import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists of ids in the outbox's native statements: split into chunks of few distinct sizes, written as positional
 * parameter marks, and bound.
 */
final class IdLists {
    /** Largest id list in one statement; lists are padded to a power of two so few statement shapes exist. */
    private static final int CHUNK = 256;

    private IdLists() {}

    /** Splits ids into lists of at most {@link #CHUNK}, each padded with its last id to a power of two. */
    static List<List<String>> chunks(List<String> ids) {
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + CHUNK)));
            int padded = Integer.highestOneBit(chunk.size());
            if (padded < chunk.size()) {
                padded <<= 1;
            }
            String last = chunk.get(chunk.size() - 1);
            while (chunk.size() < padded) {
                chunk.add(last);
            }
            out.add(chunk);
        }
        return out;
    }

    static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            out.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return out;
    }

    /** {@code (?first, ?first+1, ...)} for {@code count} ids. */
    static String marks(int first, int count) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "?" : ", ?").append(first + i);
        }
        return sb.append(')').toString();
    }

    static Query bindIds(Query q, int first, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            q.setParameter(first + i, ids.get(i));
        }
        return q;
    }
}
