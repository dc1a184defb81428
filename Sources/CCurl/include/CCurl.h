// libcurl, loaded on first use (dlopen) rather than at start: a bot that only speaks IRC never
// maps libcurl and the dozen libraries it pulls in. Typed wrappers also stand in for libcurl's
// variadic functions, which Swift cannot call.
#ifndef HUDDLE_CCURL_H
#define HUDDLE_CCURL_H
#include <stddef.h>
#include <curl/curl.h>

typedef size_t (*huddle_curl_data_callback)(char *, size_t, size_t, void *);

/// Loads libcurl.so.4 once and runs curl_global_init; NULL when ready, else why it cannot be used.
const char *huddle_curl_load(void);

CURL *huddle_curl_easy_init(void);
void huddle_curl_easy_cleanup(CURL *handle);
CURLcode huddle_curl_easy_perform(CURL *handle);
const char *huddle_curl_easy_strerror(CURLcode code);
struct curl_slist *huddle_curl_slist_append(struct curl_slist *list, const char *text);
void huddle_curl_slist_free_all(struct curl_slist *list);
CURLcode huddle_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode huddle_curl_setopt_pointer(CURL *handle, CURLoption option, const void *value);
CURLcode huddle_curl_setopt_callback(CURL *handle, CURLoption option, huddle_curl_data_callback callback);
CURLcode huddle_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
#endif
