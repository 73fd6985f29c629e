package io.natflow.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link MastershipListener} that records every call in order, for assertions from any thread. */
final class RecordingMastership implements MastershipListener {
    record Event(boolean master, long dpid, long generation) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void becameMaster(long datapathId, long generationId) {
        threads.add(Thread.currentThread().getName());
        events.add(new Event(true, datapathId, generationId));
    }

    @Override
    public void lostMastership(long datapathId) {
        threads.add(Thread.currentThread().getName());
        events.add(new Event(false, datapathId, -1));
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<Long> generationsOf(long dpid) {
        return events.stream()
                .filter(e -> e.master() && e.dpid() == dpid)
                .map(Event::generation)
                .toList();
    }

    long losses(long dpid) {
        return events.stream().filter(e -> !e.master() && e.dpid() == dpid).count();
    }

    List<String> threads() {
        return List.copyOf(threads);
    }
}
