public enum _PlaceholderPlanning {}
