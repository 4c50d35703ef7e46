; A listing as a person writes one: labels, names for fields and actions,
; a false target left out, raw instructions, the x forms and scratch memory.
start:  ld [arch]
        jeq #0xc000003e, check, kill
check:  ld [nr]
        jge #0x40000000, kill
        jeq #39, allow          ; getpid; false: next line
        jeq #257, args
        jeq #110, eperm, allow
args:   ld [16]
        st M[0]
        ldx M[0]
        txa
        and #0xff
        jset #0x80, eperm
        ld #len
        jgt x, allow, eperm
        .insn 0x0015, 0, 0, 0x3b
        ja allow
eperm:  ret ERRNO(1)
allow:  ret ALLOW
kill:   ret KILL_PROCESS
