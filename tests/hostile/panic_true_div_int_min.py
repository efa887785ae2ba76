# Found by cargo xtask fuzz (seed 7): `0 / -2**63` takes `i64::abs` of i64::MIN in
# ops.rs int_true_div: "attempt to negate with overflow" (exit 101 in debug builds).
# CPython prints -0.0, -1.0842021724855044e-19 and 0.5.
print(0 / -2**63)
print(1 / -2**63)
print(-2**63 / -2**64)
