ours() { # pid folder: whether the process is still the server that noted itself
    [ -n "$2" ] && { [ "$(readlink "/proc/$1/cwd" 2>/dev/null)" = "$2" ] \
        || tr '\0' '\n' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2/"; }
}
cleanup() { # SIGTERM to each of this run's servers still running, SIGKILL to those left after 5 s
    local note pid folder entry
    local -a noted=()
    for note in "$HUDDLE_TEST_SERVERS"/*.pid; do
        [ -e "$note" ] || continue
        read -r pid folder < "$note" || true
        if ours "$pid" "$folder"; then kill "$pid" 2>/dev/null || true; noted+=("$pid $folder"); fi
    done
    for _ in $(seq 1 50); do
        local running=0
        for entry in "${noted[@]}"; do ours $entry && running=1; done
        [ "$running" -eq 1 ] || break
        sleep 0.1
    done
    for entry in "${noted[@]}"; do ours $entry && kill -KILL "${entry%% *}" 2>/dev/null; done
    return 0
}
