package io.natflow.controller;

/**
 * A state-changing write or a barrier was refused by this controller, before reaching the switch,
 * because the connection's role is {@link SwitchRole#SLAVE}: another controller masters the switch.
 */
public final class NotMasterException extends IllegalStateException {
    public NotMasterException(String message) {
        super(message);
    }
}
