# Shells and pipelines: fork, exec, pipes, redirections, subshells, here-documents.
. "${0%/*}/../lib.sh"
out=$(seq 1 1000 | grep 7 | sort -rn | head -n 3 | tr '\n' ' ')
expect "seq | grep | sort | head | tr" "997 987 979 " "$out"
out=$(sh -c 'printf "b\na\nb\n" | sort | uniq -c | awk "{print \$1 \$2}" | tr -d "\n"')
expect "sh -c with a pipeline" "1a2b" "$out"
( cd / && pwd ) > sub.txt
expect "subshell output redirected" "/" "$(cat sub.txt)"
cat > here.txt <<DOC
line $((6 * 7))
DOC
expect "here-document" "line 42" "$(cat here.txt)"
seq 1 20 | xargs -n 5 -P 2 sh -c 'echo $(($# + 0))' sh | sort -u > xargs.txt
expect "xargs -P 2" "5" "$(cat xargs.txt)"
false | true || fail "a pipeline's status is its last command's"
(exit 3); expect "a subshell's exit status" "3" "$?"
ls -la / | wc -l > /dev/null || fail "ls | wc"
echo err 1>&2 2>/dev/null; exec 3>fd3.txt; echo three >&3; exec 3>&-
expect "a numbered descriptor" "three" "$(cat fd3.txt)"
if command -v bash >/dev/null; then
	out=$(bash -c 'a=(x y z); echo "${#a[@]} $(( ${#a[@]} * 2 ))" | { read n m; echo $n$m; }')
	expect "bash arrays and a brace group in a pipeline" "36" "$out"
	out=$(bash -c 'diff <(echo a) <(echo a) && echo same')
	expect "bash process substitution" "same" "$out"
fi
pass "pipelines, subshells, here-documents, xargs -P, descriptors"
