// A module that fails while loading: --answer must report the error, not a stack trace.
throw new Error('boom while loading');
