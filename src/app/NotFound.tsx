import { useT } from '../i18n'
import { useApp } from '../state/appStore'
import { buildHash } from '../state/route'

export function NotFound({ path }: { path: string }) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  return (
    <section className="page narrow">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path })}</p>
      <p>
        <a href={buildHash({ name: 'home' }, new URLSearchParams({ lang }))}>{t('notFound.home')}</a>
      </p>
    </section>
  )
}
