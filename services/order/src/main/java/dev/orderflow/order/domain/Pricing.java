package dev.orderflow.order.domain;

/**
 * The shop's shipping fee: free for GOLD and PLATINUM customers and for orders from
 * {@link #FREE_SHIPPING_FROM_MINOR}; {@link #SHIPPING_FEE_MINOR} otherwise.
 */
public final class Pricing {

    public static final long SHIPPING_FEE_MINOR = 499;
    public static final long FREE_SHIPPING_FROM_MINOR = 5_000;

    private Pricing() {
    }

    public static long shippingFee(Tier tier, long subtotalMinor) {
        if (tier == Tier.GOLD || tier == Tier.PLATINUM || subtotalMinor >= FREE_SHIPPING_FROM_MINOR) {
            return 0;
        }
        return SHIPPING_FEE_MINOR;
    }
}
