"""Speech: the spoken script, spoken forms per language, the engines and the narration.

Nothing here writes audio files; :mod:`publisher.audio.writer` turns a narration into them.
"""
