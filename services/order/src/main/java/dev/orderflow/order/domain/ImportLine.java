package dev.orderflow.order.domain;

import java.util.List;

/** What one line of an import file (a group of rows in CSV) asks for: an order, or nothing readable. */
public sealed interface ImportLine {

    /** The line of the file (for a CSV order, its first row). */
    long line();

    /** The order's id in the system it comes from, if the file gives one. */
    String externalId();

    /** An order asked for, to be priced and placed like one placed through the API. */
    record Requested(long line, String externalId, String customerId, List<Order.Request> requests, Address shippingAddress)
            implements ImportLine {

        public Requested {
            requests = List.copyOf(requests);
        }

        /**
         * What makes it the same order when it is imported again: its external id, or without one its
         * place in the file (the file's digest and the line).
         */
        public String key(String fileDigest) {
            return externalId != null ? "id:" + externalId : "line:" + fileDigest + ":" + line;
        }
    }

    /** A line that places no order (it cannot be read, or its order cannot be placed as asked), and why. */
    record Refused(long line, String externalId, String reason) implements ImportLine {
    }
}
