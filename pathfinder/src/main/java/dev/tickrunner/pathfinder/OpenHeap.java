package dev.tickrunner.pathfinder;

import java.util.Arrays;

/**
 * The open list: a 1-based binary min-heap of node indices keyed by uint32 priorities, with the native's exact
 * tie-breaking. Priorities are kept XOR {@link Integer#MIN_VALUE} so that signed {@code int} comparisons order them
 * as unsigned 32-bit values. Arrays grow with the number of loaded rooms; nothing is allocated per push or pop.
 *
 * <p>Mirrors: driver native/src/pf.h heap_t (pop, insert, update, bubble_up).
 */
final class OpenHeap {
    private int[] priorities;
    private int[] heap;
    private int size;

    OpenHeap(int nodeCapacity) {
        priorities = new int[nodeCapacity];
        heap = new int[nodeCapacity + 1];
    }

    /** Makes room for node indices below {@code nodeCapacity}, keeping the content. */
    void ensureCapacity(int nodeCapacity) {
        if (priorities.length < nodeCapacity) {
            priorities = Arrays.copyOf(priorities, nodeCapacity);
            heap = Arrays.copyOf(heap, nodeCapacity + 1);
        }
    }

    void clear() {
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** @return the uint32 priority last given to {@code index} */
    int priority(int index) {
        return priorities[index] ^ Integer.MIN_VALUE;
    }

    /** @return the node index with the lowest priority, removed from the heap (its priority stays readable) */
    int pop() {
        int[] h = heap;
        int[] p = priorities;
        int top = h[1];
        h[1] = h[size];
        int n = --size;
        int vv = 1;
        while (true) {
            int uu = vv;
            int left = uu << 1;
            if (left + 1 <= n) {
                if (p[h[uu]] >= p[h[left]]) {
                    vv = left;
                }
                if (p[h[vv]] >= p[h[left + 1]]) {
                    vv = left + 1;
                }
            } else if (left <= n) {
                if (p[h[uu]] >= p[h[left]]) {
                    vv = left;
                }
            }
            if (uu == vv) {
                return top;
            }
            int t = h[uu];
            h[uu] = h[vv];
            h[vv] = t;
        }
    }

    void insert(int index, int priority) {
        priorities[index] = priority ^ Integer.MIN_VALUE;
        heap[++size] = index;
        bubbleUp(size);
    }

    /** Lowers the priority of a node that is in the heap (searched from the back, as the native does). */
    void update(int index, int priority) {
        int[] h = heap;
        for (int ii = size; ii > 0; --ii) {
            if (h[ii] == index) {
                priorities[index] = priority ^ Integer.MIN_VALUE;
                bubbleUp(ii);
                return;
            }
        }
    }

    private void bubbleUp(int ii) {
        int[] h = heap;
        int[] p = priorities;
        while (ii != 1) {
            int parent = ii >> 1;
            if (p[h[ii]] <= p[h[parent]]) {
                int t = h[ii];
                h[ii] = h[parent];
                h[parent] = t;
                ii = parent;
            } else {
                return;
            }
        }
    }
}
