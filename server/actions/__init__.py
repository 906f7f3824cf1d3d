"""State changes, one module per area. Each commits to the store first, then tells clients."""
