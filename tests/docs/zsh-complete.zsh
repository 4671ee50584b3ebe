# Types LINE and a TAB into an interactive zsh with the mailcfg completion
# loaded (from FPATH_DIR, mailcfg found in PATH_DIR) and waits up to 10 s
# for the line to become EXPECTED; prints "ok" or what the screen showed.
#   zsh -f zsh-complete.zsh FPATH_DIR PATH_DIR LINE EXPECTED
zmodload zsh/zpty || { print "zsh/zpty not available"; exit 1 }
local fdir=$1 pdir=$2 line=$3 expected=$4 out= chunk=
zpty z 'zsh -f -i'
zpty -w z "fpath=(${(q)fdir} \$fpath); autoload -U compinit; compinit -u -D; path=(${(q)pdir} \$path); PS1='PROMPT> '; print READY"
zpty -r z chunk '*READY*'
zpty -r z chunk '*PROMPT> *'
zpty -w -n z "$line"$'\t'
for i in {1..50}; do
	if zpty -r -t z chunk; then
		out+=$chunk
		# the completed word ends in a blank, "=" or "/" drawn by zle
		[[ ${out//$'\e'\[[0-9;]#[A-Za-z]/} == *"$expected"* ]] && { print ok; zpty -d z; exit 0 }
	fi
	sleep 0.2
done
zpty -d z
print -r -- "${out//$'\e'\[[0-9;?]#[A-Za-z]/}" | tr -d '\r\b' | tail -2
exit 1
