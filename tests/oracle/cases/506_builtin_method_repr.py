# A method of a built-in type prints as CPython prints it (the address cut
# off): it was `<bound method upper of 'ab'>`.
for m in ["ab".upper, [1].append, (1, 2).index, {1: 2}.get, {1}.add, (7).bit_length, (2.5).is_integer, True.bit_length]:
    print(repr(m).split(" at 0x")[0] + ">")
