// Snowball's stemmers (Debian: libstemmer-dev, installed by Scripts/bootstrap), linked as a system library.
#include <libstemmer.h>
