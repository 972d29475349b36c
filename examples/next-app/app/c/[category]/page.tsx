export default async function Category({ params }: { params: Promise<{ category: string }> }) {
  const { category } = await params;
  return (
    <main>
      <h1>Category: {category}</h1>
    </main>
  );
}
