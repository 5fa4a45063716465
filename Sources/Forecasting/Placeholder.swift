public enum _PlaceholderForecasting {}
