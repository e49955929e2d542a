"""Sound handling shared by the engines and the audio backend: PCM, codecs, tags, captions."""
