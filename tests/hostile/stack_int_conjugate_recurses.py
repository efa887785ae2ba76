# Found by the API sweep (crates/py/src/runtime/api_sweep.rs): int's
# conjugate and to_bytes, and bool's bit_length, were bound as methods but
# not dispatched, so a call looked the attribute up again and called it,
# forever, until the stack overflowed. CPython answers.
print((7).conjugate(), True.bit_length(), True.conjugate())
try:
    (7).bit_length(1)
except TypeError as e:
    print(e)
