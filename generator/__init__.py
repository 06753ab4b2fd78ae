"""Teachers, prompt templates, the four generation methods and resumable runs (`generator.run`)."""
