// Typed wrappers around libcurl's variadic functions, which Swift cannot call directly.
#include <curl/curl.h>

typedef size_t (*huddle_curl_data_callback)(char *, size_t, size_t, void *);

static inline CURLcode huddle_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode huddle_curl_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode huddle_curl_setopt_callback(CURL *handle, CURLoption option, huddle_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode huddle_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
