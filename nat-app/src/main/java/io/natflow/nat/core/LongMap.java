package io.natflow.nat.core;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Open-addressing hash map from {@code long} to object: linear probing, backward-shift
 * deletion, no boxing, no per-entry node. About 24 bytes per entry at the worst load factor,
 * against ~80 for a {@code HashMap<Long, V>}. Key 0 is kept aside so 0 can mark empty slots.
 */
final class LongMap<V> implements Iterable<V> {
    private static final float MAX_LOAD = 0.6f;

    private long[] keys;
    private Object[] values;
    private int mask;
    private int size;
    private int resizeAt;
    private boolean hasZero;
    private V zeroValue;

    LongMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, (int) (expected / MAX_LOAD)) - 1) << 1;
        allocate(capacity);
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        if (key == 0) {
            return zeroValue;
        }
        int i = slot(key);
        long k;
        while ((k = keys[i]) != 0) {
            if (k == key) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    boolean containsKey(long key) {
        return key == 0 ? hasZero : get(key) != null;
    }

    /** Puts and returns the previous value, or null. Values must not be null. */
    @SuppressWarnings("unchecked")
    V put(long key, V value) {
        if (key == 0) {
            V old = zeroValue;
            if (!hasZero) {
                size++;
            }
            hasZero = true;
            zeroValue = value;
            return old;
        }
        int i = slot(key);
        long k;
        while ((k = keys[i]) != 0) {
            if (k == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        if (++size > resizeAt) {
            rehash(keys.length * 2);
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    V remove(long key) {
        if (key == 0) {
            if (!hasZero) {
                return null;
            }
            V old = zeroValue;
            hasZero = false;
            zeroValue = null;
            size--;
            return old;
        }
        int i = slot(key);
        long k;
        while ((k = keys[i]) != 0) {
            if (k == key) {
                V old = (V) values[i];
                shiftBack(i);
                size--;
                return old;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Backward-shift deletion keeps probe chains intact without tombstones. */
    private void shiftBack(int gap) {
        int i = gap;
        while (true) {
            i = (i + 1) & mask;
            long k = keys[i];
            if (k == 0) {
                break;
            }
            int home = slot(k);
            // move k into the gap if its home is not cyclically within (gap, i]
            if (((i - home) & mask) >= ((i - gap) & mask)) {
                keys[gap] = k;
                values[gap] = values[i];
                gap = i;
            }
        }
        keys[gap] = 0;
        values[gap] = null;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        resizeAt = (int) (capacity * MAX_LOAD);
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(capacity);
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != 0) {
                int i = slot(k);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
    }

    /**
     * One step of a walk that may be spread over many calls with changes in between: visits the
     * values in at most {@code maxSlots} slots from {@code cursor} (0 to begin) and returns the
     * cursor to go on from, or -1 when the walk is done. The cursor holds the table's capacity:
     * a walk the table outgrew (rehash) starts over. Values not moved meanwhile are visited
     * once; one that a deletion's backward shift moves across the cursor is missed or visited
     * twice (a shift moves a few slots at most, so that is rare). For listings, not for sets
     * that must be exact.
     */
    long walk(long cursor, int maxSlots, java.util.function.Consumer<V> action) {
        int capacity = keys.length;
        int from = (int) cursor;
        if (cursor == 0 || (int) (cursor >>> 32) != capacity) {
            from = 0;
            if (hasZero) {
                action.accept(zeroValue);
            }
        }
        int to = (int) Math.min((long) from + Math.max(1, maxSlots), capacity);
        for (int i = from; i < to; i++) {
            if (keys[i] != 0) {
                @SuppressWarnings("unchecked")
                V v = (V) values[i];
                action.accept(v);
            }
        }
        return to >= capacity ? -1 : ((long) capacity << 32) | to;
    }

    /** Iterates values; the map must not change during iteration. */
    @Override
    public Iterator<V> iterator() {
        return new Iterator<>() {
            private int index = hasZero ? -1 : advance(0);

            private int advance(int from) {
                int i = from;
                while (i < keys.length && keys[i] == 0) {
                    i++;
                }
                return i;
            }

            @Override
            public boolean hasNext() {
                return index < keys.length;
            }

            @Override
            @SuppressWarnings("unchecked")
            public V next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                V value = index < 0 ? zeroValue : (V) values[index];
                index = advance(index + 1);
                return value;
            }
        };
    }
}
