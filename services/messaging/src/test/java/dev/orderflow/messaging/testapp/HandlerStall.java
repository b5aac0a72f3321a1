package dev.orderflow.messaging.testapp;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

/** Makes the stock ledger's handler never finish, once, for one SKU: a lost continuation inside the inbox's transaction. */
@Singleton
public class HandlerStall {

    private final AtomicReference<String> armed = new AtomicReference<>();

    public void armOnce(String sku) {
        armed.set(sku);
    }

    boolean takes(String sku) {
        String current = armed.get();
        return sku.equals(current) && armed.compareAndSet(current, null); // by value: the SKU comes decoded
    }
}
