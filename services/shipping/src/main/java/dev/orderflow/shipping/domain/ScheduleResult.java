package dev.orderflow.shipping.domain;

import java.time.LocalDate;

/** What the carrier answered to a shipment request. */
public sealed interface ScheduleResult {

    record Scheduled(String carrierShipmentId, String carrier, String trackingNumber, LocalDate estimatedDelivery)
            implements ScheduleResult {
    }

    /** The carrier will not take it (destination not served, parcel refused, ...). */
    record Refused(String reason) implements ScheduleResult {
    }

    /**
     * The carrier did not answer usefully, even after retries.
     *
     * @param inDoubt whether an attempt went without any answer, so that the carrier may have scheduled it unseen
     */
    record Unavailable(String detail, boolean inDoubt) implements ScheduleResult {
    }
}
