"""Synthetic, realistic reviews in bulk, for benchmarks: `flask bench seed`."""
