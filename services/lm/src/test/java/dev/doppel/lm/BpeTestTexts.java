package dev.doppel.lm;

import java.util.Random;

/** Texts and a trained vocabulary shared by the BPE tests; generated, so the tests need no files. */
final class BpeTestTexts {

    /** English, code, Chinese, emoji, whitespace runs, Unicode spaces, combining marks, control characters. */
    static final String VARIED = String.join("\n",
            "Hello, world! It's a test: we're testing what they've said, I'm sure you'll see, he'd agree.",
            "DON'T SHOUT'S   three spaces,\ttab,\t\ttwo tabs,   \n\n\n  blank lines and trailing spaces   ",
            "Numbers: 3.14159, 1,000,000 and 2024-06-01; ½ ¾ Ⅻ ٣٤٥ and ０１２.",
            "def encode(self, text: str) -> list[int]:\n    return [self.ranks[b] for b in text.encode('utf-8')]  # bytes",
            "    if (x != null && y >= 0) { return x->y; }  // C-ish {{ }} <<>> ===",
            "你好，世界！机器学习很有趣。日本語のテキストも。한국어 텍스트.",
            "Emoji: 😀 👍🏽 🇨🇭 👨‍👩‍👧‍👦 ❤️ and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math 𝑥².",
            "Combining: e\u0301 a\u0308 n\u0303 Z\u0335\u0321a\u0336l\u0337g\u0338o\u0334; précomposé é.",
            "Controls: \u0000\u0001\u0007\u001B[31mred\u001B[0m \u007F\r\nCRLF\u000Bvtab\u000Cfeed\u0085nel.",
            "Unicode spaces:\u00A0nbsp\u2003em\u3000ideographic\u2028line\u2029para\u202Fnarrow \u200Bzero-width.",
            "Specials in text: <|user|> <|assistant|> <|end|> <|pad|> <|endoftext|>",
            "Arabic مرحبا بالعالم, Hebrew שלום, Greek Καλημέρα, Cyrillic Привет, Thai สวัสดี, Hindi नमस्ते.",
            "Quotes ’curly’ “double” 'single' ''doubled'' and 's 't 're 've 'm 'll 'd 'S 'x.",
            "          ten spaces then text", "trailing whitespace at the very end \n\t ");

    private static final String[] SYLLABLES = {
        "the", "an", "in", "er", "on", "at", "re", "st", "en", "ing", "ed", "ly", "tion", "al", "or", "ar", "is",
        "it", "ou", "ch", "sh", "th", "pro", "con", "com", "de", "ex", "pre", "ment", "ness", "able", "ful", "ous",
        "ver", "ter", "ma", "ka", "lo", "mi", "su", "ba", "do", "ge", "ha", "li", "mo", "nu", "pa", "ri", "so",
        "ta", "vi", "wa", "yo", "zu", "qu", "gr", "bl", "pl", "tr", "cr", "fl", "spr", "str", "y", "o", "a", "e"
    };
    private static final String[] FUNCTION_WORDS = {
        "the", "of", "and", "to", "a", "in", "is", "that", "it", "for", "was", "on", "with", "as", "I", "you", "he",
        "be", "at", "by", "this", "have", "from", "or", "had", "not", "but", "what", "all", "were", "we", "when",
        "don't", "it's", "they're", "we've", "I'm", "you'll", "she'd"
    };

    private static BpeTokenizer trained;

    private BpeTestTexts() {
    }

    /**
     * English-like prose of about {@code bytes} bytes: function words plus 40,000 made-up words of
     * English syllables, Zipf-distributed, in sentences and paragraphs with punctuation and numbers. Rich enough
     * that a 4096-token vocabulary does not run out of frequent pairs.
     */
    static String englishLike(int bytes, long seed) {
        Random random = new Random(seed);
        String[] words = new String[40_000];
        for (int w = 0; w < words.length; w++) {
            StringBuilder word = new StringBuilder();
            for (int s = 1 + random.nextInt(4); s > 0; s--) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            words[w] = word.toString();
        }
        double[] cumulative = new double[words.length];
        double sum = 0;
        for (int w = 0; w < words.length; w++) {
            sum += 1.0 / (w + 1);
            cumulative[w] = sum;
        }
        StringBuilder text = new StringBuilder(bytes + 200);
        while (text.length() < bytes) {
            for (int sentences = 2 + random.nextInt(5); sentences > 0; sentences--) {
                int length = 4 + random.nextInt(16);
                for (int k = 0; k < length; k++) {
                    String word = random.nextInt(3) == 0
                            ? FUNCTION_WORDS[random.nextInt(FUNCTION_WORDS.length)]
                            : words[zipf(cumulative, random.nextDouble() * sum)];
                    if (k == 0) {
                        word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                    } else {
                        text.append(' ');
                    }
                    text.append(word);
                    if (random.nextInt(12) == 0) {
                        text.append(random.nextBoolean() ? "," : " " + random.nextInt(2000));
                    }
                }
                text.append(".!?".charAt(random.nextInt(3))).append(' ');
            }
            text.append("\n\n");
        }
        return text.toString();
    }

    private static int zipf(double[] cumulative, double target) {
        int index = java.util.Arrays.binarySearch(cumulative, target);
        return Math.min(index >= 0 ? index : -index - 1, cumulative.length - 1);
    }

    /** A 1000-token vocabulary trained once per test JVM on prose and {@link #VARIED}. */
    static synchronized BpeTokenizer trained() {
        if (trained == null) {
            trained = BpeTrainer.train(englishLike(300_000, 1) + VARIED, 1000);
        }
        return trained;
    }
}
