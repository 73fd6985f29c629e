package io.natflow.rest.switches;

import java.util.List;
import java.util.Optional;

/** What the switches resource needs; keeps the resource free of controller types. */
public interface SwitchService {

    List<SwitchView> list();

    /** @param datapathId 16 hex digits, with or without colons */
    Optional<SwitchView> get(String datapathId);
}
