package dev.propel.datagen.simulator;

import java.util.SplittableRandom;

/**
 * The simulated shop's items: categories with a typical price, items with Zipf-like popularity (random ids, so the
 * id says nothing about the rank) and log-normal prices around their category's.
 */
final class Catalog {
    private static final String[] CATEGORY_NAMES = {
        "electronics.smartphone", "electronics.audio.headphone", "computers.notebook", "appliances.kitchen.kettle",
        "apparel.shoes", "apparel.jacket", "furniture.living_room.sofa", "beauty.skin_care", "sport.bicycle",
        "kids.toys", "books.fiction", "garden.tools", "auto.accessories", "stationery.pen", "food.coffee",
        "electronics.camera", "appliances.environment.vacuum", "accessories.bag", "country_yard.furniture",
        "medicine.vitamins", "music.instrument", "pets.food", "home.lighting", "travel.luggage"};

    private final String[] categoryNames;
    private final String[] categoryQueries;
    private final String[] itemIds;
    private final int[] itemCategory;
    private final double[] itemPrice;
    private final int[][] categoryItems;
    private final double[][] categoryCumulative;

    Catalog(int items, int categories, SplittableRandom rng) {
        categoryNames = new String[categories];
        categoryQueries = new String[categories];
        double[] categoryMedian = new double[categories];
        double[] categoryWeight = new double[categories];
        double categoryTotal = 0;
        for (int c = 0; c < categories; c++) {
            String base = CATEGORY_NAMES[c % CATEGORY_NAMES.length];
            categoryNames[c] = c < CATEGORY_NAMES.length ? base : base + "." + (c / CATEGORY_NAMES.length);
            String leaf = base.substring(base.lastIndexOf('.') + 1).replace('_', ' ');
            categoryQueries[c] = leaf;
            categoryMedian[c] = Math.exp(Math.log(40) + 0.9 * rng.nextGaussian());
            categoryWeight[c] = 1.0 / Math.pow(c + 1, 0.8);
            categoryTotal += categoryWeight[c];
        }
        int width = String.valueOf(items).length();
        int[] rankOf = new int[items];
        for (int i = 0; i < items; i++) {
            rankOf[i] = i;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = rankOf[i];
            rankOf[i] = rankOf[j];
            rankOf[j] = t;
        }
        itemIds = new String[items];
        itemCategory = new int[items];
        itemPrice = new double[items];
        int[] perCategory = new int[categories];
        for (int i = 0; i < items; i++) {
            itemIds[i] = "item-" + String.format("%0" + width + "d", i + 1);
            double r = rng.nextDouble() * categoryTotal;
            int c = 0;
            while (c < categories - 1 && r >= categoryWeight[c]) {
                r -= categoryWeight[c];
                c++;
            }
            if (i < categories) {
                c = i; // every category gets at least one item
            }
            itemCategory[i] = c;
            perCategory[c]++;
            double price = categoryMedian[c] * Math.exp(0.5 * rng.nextGaussian());
            itemPrice[i] = Math.max(0.5, Math.round(price * 100) / 100.0);
        }
        categoryItems = new int[categories][];
        categoryCumulative = new double[categories][];
        int[] fill = new int[categories];
        for (int c = 0; c < categories; c++) {
            categoryItems[c] = new int[perCategory[c]];
            categoryCumulative[c] = new double[perCategory[c]];
        }
        for (int i = 0; i < items; i++) {
            int c = itemCategory[i];
            categoryItems[c][fill[c]++] = i;
        }
        for (int c = 0; c < categories; c++) {
            double acc = 0;
            for (int k = 0; k < categoryItems[c].length; k++) {
                acc += 1.0 / Math.pow(rankOf[categoryItems[c][k]] + 1, 1.07);
                categoryCumulative[c][k] = acc;
            }
        }
    }

    int categories() {
        return categoryNames.length;
    }

    /** An item of the category, drawn by popularity. */
    int sample(int category, SplittableRandom rng) {
        double[] cum = categoryCumulative[category];
        double r = rng.nextDouble() * cum[cum.length - 1];
        int lo = 0;
        int hi = cum.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] > r) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return categoryItems[category][lo];
    }

    String itemId(int item) {
        return itemIds[item];
    }

    int category(int item) {
        return itemCategory[item];
    }

    double price(int item) {
        return itemPrice[item];
    }

    String categoryName(int category) {
        return categoryNames[category];
    }

    String query(int category) {
        return categoryQueries[category];
    }
}
